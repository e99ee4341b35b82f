"""What analysts, councillors and finance teams open: the dashboard, the annual report and the exports, all read
from the snapshot the last good run published (core/snapshot.py), never from the warehouse a run writes."""
