"use strict";
// Log in or register with POST /new, keep the session in localStorage, then open the chat.
const form = document.getElementById("login");
const error = document.getElementById("error");
const saved = localStorage.getItem("chorus.id");
if (saved) document.getElementById("account").value = saved;

form.addEventListener("submit", async (e) => {
  e.preventDefault();
  error.textContent = "";
  const body = { username: form.username.value.trim(), accountID: form.accountID.value.trim() };
  if (form.password.value) body.password = form.password.value;
  try {
    const r = await fetch("/new", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (r.status === 201 || r.status === 202) {
      const s = await r.json();
      localStorage.setItem("chorus.token", s.token);
      localStorage.setItem("chorus.id", s.id);
      location.replace("/");
    } else if (r.status === 401) {
      error.textContent = "That id and name (or password) do not match.";
    } else if (r.status === 400) {
      error.textContent = "Choose a name of 1 to 64 characters.";
    } else {
      error.textContent = "The server could not log you in (" + r.status + ").";
    }
  } catch (err) {
    error.textContent = "The server cannot be reached.";
  }
});
