"""The case queues: Mina ärenden, Ej tilldelade, Teamets ärenden, Alla, Bokmärken.

``QueueView`` (view.py) is the screen the shell hosts; ``QueueModel`` (model.py) the lazy, store-sorted
table model under it; filters.py the filter bar's widgets; delegates.py the painted marks. Their words
(case types, statuses, deadline bands) are in ui/labels.py.
"""

from ui.queue.model import PAGE_SIZE, QueueModel
from ui.queue.view import QueueView

__all__ = ["PAGE_SIZE", "QueueModel", "QueueView"]
