"""Drawing what a source file looks like: a PDF page as an image, with where a section lies
on it (pages.py)."""
