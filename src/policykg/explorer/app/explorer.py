"""policykg explorer: `policykg app` (or `streamlit run app/explorer.py`). The pages live in policykg.explorer."""

from policykg.explorer.pages import main

main()
