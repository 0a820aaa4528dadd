"""Signal receivers: what the certificates app does when something happens below it."""
