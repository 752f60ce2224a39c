"""The Streamlit explorer (app/explorer.py runs `main`): every view is built from named queries and the
analytics, so it agrees with `policykg query`, `gaps` and `analyze`."""
