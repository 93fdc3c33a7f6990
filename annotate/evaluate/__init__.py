"""Evaluation: how far annotators agree, how good a system is, what changed.

- :mod:`.matching`: aligning mentions, events and arguments of two versions of a document; the
  normalization keys both figures compare.
- :mod:`.agree`: inter-annotator agreement (``annotate agree``): F1 on mentions, triggers and arguments,
  Cohen's kappa, Krippendorff's alpha, coreference metrics.
- :mod:`.coref_metrics`: MUC, B-cubed, CEAF-e and CoNLL F1 over clusters.
- :mod:`.score`: TextEE's TI/TC/AI/AC figures of a prediction against gold (``annotate score``).
- :mod:`.diff`: what changed between two versions of a corpus or an annotation set (``annotate diff``).

Nothing here imports spaCy at import time (``score --tokens`` loads it when asked).
"""

from __future__ import annotations

from .agree import agree, agree_documents, cohen_kappa, krippendorff_alpha_nominal
from .coref_metrics import b_cubed, ceaf_e, conll_f1, muc
from .score import score_documents, score_files

__all__ = [
    "agree", "agree_documents", "b_cubed", "ceaf_e", "cohen_kappa", "conll_f1", "krippendorff_alpha_nominal", "muc",
    "score_documents", "score_files",
]
