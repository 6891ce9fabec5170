"""Run with the MLflow environment's Python: fit a TF-IDF + logistic regression pipeline on the
first ``n`` reviews of a labelled CSV and save it as an MLflow model.

    python mlflow_model.py DATA.csv.gz OUT_DIR [n]
"""

import sys

import mlflow.sklearn
import numpy as np
import pandas as pd
from mlflow.models import infer_signature
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

data, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
reviews = pd.read_csv(data).sample(n=n, random_state=0)
texts, labels = reviews["text"].to_numpy(), reviews["label"].to_numpy()
pipeline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2), LogisticRegression())
pipeline.fit(texts, labels)
signature = infer_signature(np.array(texts[:5]), pipeline.predict(texts[:5]))
mlflow.sklearn.save_model(pipeline, out, signature=signature)
