"""The interactive annotation session behind ``annotate session``: the terminal only. What it changes,
it changes through the editing layer (:mod:`annotate.edit`: operations, storage, undo history, values).

- :mod:`.analysis_cache`: spaCy's sentences and tokens of a document, cached for fast resumption.
- :mod:`.screen`: rendering a sentence with its events, mentions and suggestions.
- :mod:`.terminal`: output through rich, input through ``input()``.
- :mod:`.questions`: the prompts (pick, place text, attributes, values, roles).
- :mod:`.guidelines`: the manual's section on an event type.
- :mod:`.app`: the session itself: documents, commands, the prompt loop.

Importing this package imports nothing heavy; spaCy loads when a session first splits a document.
"""
