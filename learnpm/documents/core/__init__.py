"""What documents compute on plain values: the months a document covers and the month calendar picture."""
