#!/usr/bin/env python3
"""The pandas alternative: read a tracking table with pandas.read_excel
(openpyxl or calamine engine) and write it to a database with to_sql.

    python3 pandas_import.py ENGINE FILE DATABASE_URL [append]

With `append`, the rows are added to the table already there (the next
period into a database holding the first).
"""
import sys

import pandas as pd
import sqlalchemy


def main():
    engine_name, path, url = sys.argv[1:4]
    mode = "append" if sys.argv[4:5] == ["append"] else "replace"
    frame = pd.read_excel(path, engine=engine_name, header=1)
    frame.columns = ["serial", "goal", "units", "progress", "rate"]
    db = sqlalchemy.create_engine(url)
    with db.begin() as conn:
        frame.to_sql("progress", conn, if_exists=mode, index=False, chunksize=500)
    print(f"{len(frame)} rows")


if __name__ == "__main__":
    main()
