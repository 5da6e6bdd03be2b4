"""Tracing a plan's ambitions to the reports that say what became of them: ranked links
(linking.py), the status a paragraph gives (status.py), the KPI scorecard (scorecard.py),
auditors' decisions (decisions.py) and the matrix that puts them together (matrix.py)."""
