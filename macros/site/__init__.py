"""The website: page plan, rendering of content into Markdown pages, term links and the MkDocs plugin."""
