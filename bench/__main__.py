"""`python -m bench` (`make bench`): every benchmark, one after another."""

from bench import corpus_update, dispatch, retrieval, startup

startup.main([])
retrieval.main()
dispatch.main()
corpus_update.main()
