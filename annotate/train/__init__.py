"""Suggestion models that learn from the corpus (``annotate train``): see :mod:`annotate.train.run`,
the held-out check before a model is used (:mod:`annotate.train.gate`), and retraining in the background
while an annotator works (:mod:`annotate.train.background`, for ``annotate session --watch``)."""

from .run import ITERATIONS_ENV, MODEL_FILE, TrainReport, is_model_dir, train

__all__ = ["ITERATIONS_ENV", "MODEL_FILE", "TrainReport", "is_model_dir", "train"]
