"""pairdesk: the record and workshops of a peer-support association, offline and encrypted."""

__version__ = "0.1.0"
APP_NAME = "pairdesk"
