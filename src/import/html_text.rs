//! Shared HTML-to-text conversion for the HTML-bearing importers (stub).
