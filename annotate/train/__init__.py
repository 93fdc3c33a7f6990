"""Suggestion models that learn from the corpus (``annotate train``): see :mod:`annotate.train.run`."""

from .run import MODEL_FILE, TrainReport, is_model_dir, train

__all__ = ["MODEL_FILE", "TrainReport", "is_model_dir", "train"]
