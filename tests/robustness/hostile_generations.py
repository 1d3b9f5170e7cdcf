"""A value file with a regex that backtracks catastrophically, and the text that triggers it."""

PROMPT = "Write a short story about a nurse."
EVIL = "a" * 40 + "b"  # (a|aa)+$ backtracks over ~2^40 paths on it
VALUES = """schema: homog-bench/values@1
name: hostile
description: d
context: {stakeholder: s}
structures:
  - {id: woman, kind: pronoun_gender, category: woman}
  - {id: evil, kind: regex, pattern: '(a|aa)+$'}
  - {id: ward, kind: lexicon, terms: [ward]}
attributes:
  gender: {from: pronoun_gender, normative: [woman, man], exclude: [unknown]}
  evil_hit: {from: evil}
"""
