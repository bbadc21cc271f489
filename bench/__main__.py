"""`python -m bench` (`make bench`): every benchmark, one after another."""

from bench import corpus_update, dispatch, quality, report, retrieval, startup

quality.main([])
startup.main([])
retrieval.main()
dispatch.main()
corpus_update.main()
report.main([])
