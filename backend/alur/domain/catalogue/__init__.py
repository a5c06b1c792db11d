"""SOP catalogue: the offices' SOP books turned into reviewable, versioned drafts."""
