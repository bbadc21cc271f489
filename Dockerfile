FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY answers ./answers
COPY bot ./bot
COPY corpus ./corpus
COPY index ./index
COPY reminders ./reminders
RUN pip install --no-cache-dir .
ENV POLICYBOT_HOME=/data
VOLUME /data
# the console chat by default; `policybot run --telegram` or `--wecom` for the platforms
CMD ["policybot", "run"]
