"""Allow ``python -m valaudit``."""

from valaudit.cli import main

if __name__ == "__main__":
    main()
