"""Claims: who says an event happened (`attribution`), how sure the claim is
(`status`), and the earlier reports an article cites (`reports`)."""
