"""Sentence embeddings for the similarity structure and semantic homogeneity."""
