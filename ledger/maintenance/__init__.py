"""Backups and restores of a whole instance: database, vouchers and a manifest."""
