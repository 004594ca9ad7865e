"""Printable documents: the application worksheet and the other PDFs a learner takes to PMI or a mentor."""
