"""reconcile: find where published figures disagree, and say why."""

import warnings

# With the spark extra installed, pandera imports pyspark.pandas on its own import, which warns on every
# run that it does not support pandas 3. reconcile never uses pyspark.pandas (Spark runs Ibis's SQL), so
# the warning would only be noise on stderr of every command.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
