"""Use cases, one module per subject. Each public function is one user action (one
transaction, audit line included) and returns plain frozen read objects."""
