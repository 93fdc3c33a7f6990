"""The interactive annotation session and the event editing behind ``annotate session`` and
``annotate event``.

- :mod:`.ops`: pure operations on a Document (add/edit/remove event, add mention, link coreference...).
- :mod:`.history`: undo and redo, stored compactly.
- :mod:`.store`: durable per-annotator storage, the session side file, locking.
- :mod:`.batch`: ``annotate event add|edit|remove`` as library functions.
- :mod:`.values`: the typed syntax of money and time values, and the normalizers' proposals.
- :mod:`.analysis_cache`: spaCy's sentences and tokens of a document, cached for fast resumption.
- :mod:`.screen`: rendering a sentence with its events, mentions and suggestions.
- :mod:`.terminal`: output through rich, input through ``input()``.
- :mod:`.questions`: the prompts (pick, place text, attributes, values, roles).
- :mod:`.guidelines`: the manual's section on an event type.
- :mod:`.app`: the session itself: documents, commands, the prompt loop.

Importing this package imports nothing heavy; spaCy loads when a session first splits a document.
"""
