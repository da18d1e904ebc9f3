"""The questions HR and planners ask, answered from either store with identical results.

One module per analytic. Each has a `*_query(...)` that builds an Analytic (a Cypher
plan for Neo4j and a plain function of the embedded networkx graph, sharing their
sorting and arithmetic) and a function of a store that runs it, e.g.
`skill_gaps.skill_gaps(store, region_code="421000")`. The API runs the same
Analytic on its event loop with graph.async_store.AsyncStore.run_analytic.
"""
