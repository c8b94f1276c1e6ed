// Renders /openapi.json as a readable list of endpoints and schemas, with plain DOM calls
// (textContent only: nothing from the document is parsed as HTML).
(function () {
  "use strict";
  var root = document.getElementById("api-docs");
  if (!root) { return; }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  function typeOf(schema) {
    if (!schema) { return ""; }
    if (schema.$ref) { return schema.$ref.split("/").pop(); }
    if (schema.oneOf || schema.anyOf) {
      return (schema.oneOf || schema.anyOf).map(typeOf).join(" | ");
    }
    if (schema.allOf) { return schema.allOf.map(typeOf).join(" & "); }
    var t = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type || "object");
    if (t.indexOf("array") >= 0 && schema.items) { return typeOf(schema.items) + "[]"; }
    if (schema.enum) { return schema.enum.map(String).join(" | "); }
    if (schema.format) { return t + " (" + schema.format + ")"; }
    if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      return "map of " + typeOf(schema.additionalProperties);
    }
    return t;
  }

  function table(headers, rows) {
    var thead = el("thead", {}, [el("tr", {}, headers.map(function (h) { return el("th", { scope: "col" }, [h]); }))]);
    var tbody = el("tbody", {}, rows.map(function (r) {
      return el("tr", {}, r.map(function (c) { return el("td", {}, [c]); }));
    }));
    return el("div", { "class": "table-wrap" }, [el("table", {}, [thead, tbody])]);
  }

  function render(doc) {
    root.textContent = "";
    root.appendChild(el("h2", {}, ["Endpoints"]));
    Object.keys(doc.paths || {}).forEach(function (path) {
      var item = doc.paths[path];
      Object.keys(item).forEach(function (method) {
        var op = item[method];
        if (typeof op !== "object" || !op.responses) { return; }
        var box = el("section", { "class": "endpoint", "aria-label": method.toUpperCase() + " " + path });
        box.appendChild(el("h3", {}, [el("span", { "class": "method" }, [method.toUpperCase()]), el("code", {}, [path])]));
        if (op.description || op.summary) { box.appendChild(el("p", {}, [op.description || op.summary])); }
        var params = op.parameters || [];
        if (params.length) {
          box.appendChild(table(["Parameter", "In", "Type", "Description"], params.map(function (p) {
            return [p.name + (p.required ? " (required)" : ""), p["in"], typeOf(p.schema), p.description || ""];
          })));
        }
        if (op.requestBody) {
          var content = op.requestBody.content || {};
          var kinds = Object.keys(content).map(function (ct) { return ct + ": " + typeOf(content[ct].schema); });
          box.appendChild(el("p", {}, ["Body: " + kinds.join(", ") + (op.requestBody.description ? " — " + op.requestBody.description : "")]));
        }
        box.appendChild(table(["Status", "Meaning", "Body"], Object.keys(op.responses).map(function (status) {
          var r = op.responses[status];
          var content = r.content || {};
          var body = Object.keys(content).map(function (ct) { return typeOf(content[ct].schema); }).join(", ");
          return [status, r.description || "", body];
        })));
        root.appendChild(box);
      });
    });
    var schemas = (doc.components && doc.components.schemas) || {};
    root.appendChild(el("h2", {}, ["Schemas"]));
    Object.keys(schemas).sort().forEach(function (name) {
      var s = schemas[name];
      var d = el("details", { id: "schema-" + name }, [el("summary", {}, [name])]);
      if (s.description) { d.appendChild(el("p", {}, [s.description])); }
      if (s.properties) {
        var required = s.required || [];
        d.appendChild(table(["Field", "Type", "Description"], Object.keys(s.properties).map(function (f) {
          var p = s.properties[f];
          return [f + (required.indexOf(f) >= 0 ? "" : "?"), typeOf(p), p.description || ""];
        })));
      } else {
        d.appendChild(el("p", {}, [typeOf(s)]));
      }
      root.appendChild(d);
    });
  }

  root.appendChild(el("p", { "class": "muted" }, ["Loading /openapi.json…"]));
  fetch("/openapi.json", { headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
    .then(render)
    .catch(function (e) {
      root.textContent = "";
      root.appendChild(el("p", { "class": "error" }, ["Could not load /openapi.json: " + e.message]));
    });
})();
