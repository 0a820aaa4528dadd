"""
The default training content: plain data files under ``data/`` and the loader that builds pages
from them. This package sits at the top of the app layers and may import every app.
"""
