"""The floor: the least a Flask app on the same gunicorn can do per request. It reads the JSON
body and answers a constant; nothing else (no model, no database, no hooks)."""

from flask import Flask, request

app = Flask(__name__)


@app.post("/predict")
def predict():
    request.get_json()
    return {"predictions": [{"sentiment": "positive", "probability": 0.9}]}


@app.get("/ping")
def ping():
    return {"status": "ok"}
