{"syntax": "evil.example.com/json-frontend:2"}
