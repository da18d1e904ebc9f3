"""Loading a union's own spreadsheets into the graph, with nothing lost.

The path of a load, one module each:

    kinds      the file kinds, declared once: the node each writes, its reference columns
    columns    the columns of a kind, from graph.model, and matching a file's headers to them
    readers    .csv (UTF-8, BOM, GBK/GB18030 detected), .xlsx and .jsonl, streamed row by row
    plain_csv  a plain CSV file (UTF-8, no quotes, header first) read a column at a time by pyarrow
    values     normalising a cell: grades, dates, 是/否, numbers, money, closed lists
    columnar   normalising a whole column at once (pyarrow), the same values and reasons as values
    identity   person keys from 身份证号 (HMAC with STUDIOGRAPH_ID_KEY); the number is never stored
    taxonomy   the 职业分类大典's flaws and forms: (L)/(S) markers, padded codes, levels 1..4, missing parents
    stage      one row normalised: its node, its links, its problems
    resolve    references (a key or a unique name) to keys, in the folder or the store
    cycles     mentorship rows that would close a cycle
    validate   pass one: every problem found before anything is written; rows spooled
    spool      the staged rows kept in a temporary file between the passes
    write      pass two: batches through the store contract, on background writer threads
    partition  relationship rows in groups that share no node, for transactions run at once
    sync       --sync: the plan (added, changed, removed) and removing what the files no longer list
    load       load_folder: validate, then write everything or (by default) nothing
    report     LoadReport: problems with file, row, column and reason; per-file figures
    rejects    rejected rows, unchanged, with their reason, for --skip-invalid
    generate   a deterministic generator of folders like data/sample (city: its fixed facts)
    sample     rebuilds data/sample from the generator in mixed office formats
    journal    the load journal: a record written as a load starts and as it ends
    cli        `studiograph load`, `studiograph loads` and `studiograph generate`

Decisions where the issue is silent:

- Dates: 202103 and 2021-03 mean the first of the month; a bare 5-digit number
  (or a number in a date cell) is an Excel serial date; 8 digits are YYYYMMDD;
  years outside 1900..2100 are refused.
- A person row without an id takes the key ID-<20 hex> = HMAC-SHA256(STUDIOGRAPH_ID_KEY,
  身份证号). Unset, such rows are errors naming the variable (a fixed key would let
  anyone reverse the hash by trying every card number). Card numbers are checked
  (GB 11643 check digit), give the birth year when none is given, and are never stored.
- References may be an id or a name (工作单位 荆江石油机械厂); a name that fits two
  nodes is refused. Ids are tried first.
- Duplicates within a file are errors, except in a taxonomy (occupations, regions),
  where the first row is kept with a warning, and in honors, where rows naming one
  honour (name + level + year) share its node unless their details differ.
- A blank cell in a present column clears the property; an absent column leaves it.
  Rows dropped from a file are not deleted from the store, except by `--sync` (loaders.sync).
- A failing store in the middle of writing (the server going away) can leave part
  of a load written; loading the folder again completes it, as what is then in the
  store is merged, not created again (loaders.creations).
"""
