"""Training the project's own PERSON recogniser on annotated celebrity news (issue 14).

- `corpus`: the training texts, read from ../shared/corpora by id (their text never enters the repository).
- `select_articles`: the fixed-seed choice of training and held-out articles, disjoint from every gold set.
- `annotate`: the annotators' tool: name lists projected onto character offsets.
- `build`: gold PERSON spans plus the base model's other labels as silver, as spaCy DocBins.
- `train`: `make train`: build, `spacy train`, and ship the NER weights into `celebgraph/models/`.
- `evaluate`: PERSON span P/R/F1 and DATE recall on the held-out split, base model beside trained model.
"""
