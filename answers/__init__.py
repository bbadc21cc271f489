"""The answer engine: a question in, a short cited answer out, from the documents' structure and the index.

It imports `corpus/` and `index/` only — no database, no chat — so the
command line, the chat core and any other tool answer the same way.
"""

from answers.answer import Answer, Answerer, Citation, Subject, cite, days_phrase
from answers.contract import answer_json
from answers.intent import DEADLINE, LEAD_UNIT, TARGET_NUMBER, TOPIC_LOOKUP, UNIT_DUTIES, UNITS_OF_TOPIC, detect
from answers.question import MAX_QUESTION_CHARS, clean, problem

__all__ = [
           "DEADLINE",
           "LEAD_UNIT",
           "MAX_QUESTION_CHARS",
           "TARGET_NUMBER",
           "TOPIC_LOOKUP",
           "UNITS_OF_TOPIC",
           "UNIT_DUTIES",
           "Answer",
           "Answerer",
           "Citation",
           "Subject",
           "answer_json",
           "cite",
           "clean",
           "days_phrase",
           "detect",
           "problem",
]
