"""ReportLab documents built from service read objects; no queries here."""
