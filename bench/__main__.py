from bench.retrieval import main

main()
