"""The interactive annotation session and the event editing behind ``annotate session`` and
``annotate event``.

- :mod:`.ops`: pure operations on a Document (add/edit/remove event, add mention, link coreference...).
- :mod:`.history`: undo and redo.
- :mod:`.store`: durable per-annotator storage, the session side file, locking.
- :mod:`.batch`: ``annotate event add|edit|remove`` as library functions.
- :mod:`.values`: the typed syntax of money and time values.
- :mod:`.screen`: rendering a sentence with its events and suggestions.
- :mod:`.app`: the prompt loop.

Importing this package imports nothing heavy; spaCy loads when a session first splits sentences.
"""
