"""``python -m annotate``: the same as the ``annotate`` command."""

from annotate.cli import main

if __name__ == "__main__":
    main()
