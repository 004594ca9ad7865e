"""A user's own account: password, data download, deletion."""
