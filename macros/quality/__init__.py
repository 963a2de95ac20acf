"""Quality measures of the content: readability, spelling, study time. Used by `make check` (as
warnings for authors) and by the tests (as gates)."""
