"""Project experience and hours logging against PMI's rules: a pure core here, the web pages in views.py."""
