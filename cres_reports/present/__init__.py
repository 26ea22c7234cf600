"""What notebooks show: French number formats, escaped HTML prose and tables, plotly charts.

The names below are the contract between the notebooks' outputs and the build: each table
is shown with its values in a `TABLE_MIME` output (for the downloads), and links to its
downloads are written with the `DOWNLOAD_SCHEME` placeholder, resolved per page.
"""

TABLE_MIME = "application/vnd.cres.table+json"
DOWNLOAD_SCHEME = "cres-download:"
WORKBOOK_LINK = DOWNLOAD_SCHEME + "@classeur"
