"""The studio: forms that make songs and edits (New song, Make from this take), over the submission queue."""
