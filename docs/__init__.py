"""The manual: Markdown pages read in order (index.md first); also served at /manual."""
