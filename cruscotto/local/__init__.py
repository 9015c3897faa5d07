"""Data that planners (Uffici di Piano) load themselves: read, validated, versioned and kept apart from the official build; shown through the query layer with their own sources."""
