"""Dutch language knowledge for search: stopwords, lemmas and stems, compound words,
abbreviations and synonyms.

The knowledge lives in data files under kb/data/ that an analyst can read and edit; the
code that applies it lives here, in one module per kind of knowledge.
"""
