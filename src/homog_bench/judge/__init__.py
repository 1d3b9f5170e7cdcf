"""Judged structures: one call per generation to a judge model, answered in JSON.

``prompt`` builds the messages (the generation goes in as delimited, quoted data),
``answers`` validates what comes back, ``ask`` makes the call with one retry.
"""
