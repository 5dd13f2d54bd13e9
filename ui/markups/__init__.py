"""Markups on drawings (issue 13): the layer above the drawing, the tools, the markups list."""
