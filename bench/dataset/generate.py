#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 Prospecta developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fill a Prospecta SQLite database with a large, repeatable data set for benchmarks.

The database must exist at the current schema (any `prospecta --database PATH ...` command
creates and migrates it) and hold no leads. Every row is built by SQLite itself from a
counter, which is far faster than sending rows from Python. Lead i (from 0) gets:
  name      one of 40 x 40 first and last names, accents included
  phone     +5255 followed by i on 8 digits; email lead<i>@example.com
  stage, source, campaign, last contact: repeating patterns
Messages: `--messages` in total, spread over one conversation per lead, except that lead 0
gets `--long-conversation` messages. Each text is one of 64 Spanish sentences; 1 in 50,000
messages also contains the rare word "zafiro".
The search index is filled by the same SQL that migration 8 runs (SearchIndex::populate).
"""

import argparse
import sqlite3
import sys
import time
import unicodedata

FIRST = ["Ana", "José", "María", "Luis", "Carmen", "Jorge", "Lucía", "Pedro", "Sofía", "Miguel",
         "Valentina", "Andrés", "Camila", "Diego", "Isabel", "Raúl", "Daniela", "Fernando", "Paula",
         "Ricardo", "Gabriela", "Héctor", "Natalia", "Óscar", "Verónica", "Tomás", "Adriana", "Iván",
         "Mónica", "Sergio", "Elena", "Rubén", "Beatriz", "Julián", "Irene", "Martín", "Ángela",
         "Emilio", "Rocío", "Íñigo"]
LAST = ["García", "López", "Martínez", "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Torres",
        "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes", "Gutiérrez", "Ortiz",
        "Chávez", "Ruiz", "Jiménez", "Hernández", "Vargas", "Castillo", "Romero", "Álvarez",
        "Mendoza", "Aguilar", "Moreno", "Medina", "Castro", "Herrera", "Peña", "Vázquez",
        "Ríos", "Quiñones", "Domínguez", "Salazar", "Navarro", "Cortés", "Núñez"]
SENTENCES = [
    "Hola, quiero información del plan", "Buenos días, ¿cuánto cuesta?", "Gracias por la respuesta",
    "¿Tienen envío a Guadalajara?", "Me interesa la promoción", "¿Puedo pagar con tarjeta?",
    "Necesito una cotización para mi empresa", "¿Cuál es el horario de atención?",
    "Quisiera hablar con un asesor", "Perfecto, lo reviso y le escribo", "¿Aceptan transferencia?",
    "El precio me parece alto", "¿Hay descuento por volumen?", "Mañana le confirmo",
    "¿Qué incluye el paquete básico?", "Ya realicé el pago", "No me llegó el comprobante",
    "¿Cuándo empieza el curso?", "Me gustaría agendar una llamada", "Estoy comparando opciones",
    "Claro, con gusto le ayudo", "Le comparto la información del plan anual",
    "El plan empresarial incluye soporte prioritario", "Podemos ofrecerle un 10% de descuento",
    "¿Le parece bien una llamada mañana a las 10?", "Su pedido fue registrado",
    "Le envío el enlace de pago", "Quedo atento a sus comentarios", "¿En qué ciudad se encuentra?",
    "Tenemos disponibilidad esta semana", "La garantía es de un año", "El envío tarda 3 días hábiles",
    "Hola", "Ok", "Sí", "No, gracias", "¿Me puede llamar?", "Después le escribo",
    "¿Tienen tienda física?", "Quiero cancelar mi suscripción", "¿Cómo actualizo mis datos?",
    "Excelente servicio", "¿Hay meses sin intereses?", "Necesito factura", "¿Cuál es su RFC?",
    "Buenas tardes", "Buenas noches", "¿Siguen abiertos?", "Me equivoqué de número",
    "Envíeme el catálogo por favor", "¿Cuánto tarda la instalación?", "¿Trabajan los sábados?",
    "Quiero renovar", "¿El precio incluye IVA?", "Ya no me interesa", "¿Me recuerda el monto?",
    "Le agradezco mucho", "Estoy en una reunión, luego le escribo", "¿Dónde están ubicados?",
    "¿Tienen garantía extendida?", "Perfecto", "Entendido", "¿Aceptan efectivo?", "Saludos"]

def fold(text):
    """TextFolding::searchText in Python: canonical decomposition without marks, case folded,
    the runs of letters and digits between single spaces."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    folded = unicodedata.normalize("NFC", stripped.casefold())
    words, current = [], ""
    for c in folded:
        if c.isalnum():
            current += c
        elif current:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    return " " + " ".join(words) + " " if words else ""


def quoted(text):
    return "'" + text.replace("'", "''") + "'"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database", help="path of a migrated, empty Prospecta SQLite database")
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=10_000_000)
    parser.add_argument("--long-conversation", type=int, default=5_000,
                        help="messages of lead 0, the conversation opened by the benchmark")
    args = parser.parse_args()
    if args.messages < args.long_conversation or args.leads < 1:
        sys.exit("generate.py: --messages must be at least --long-conversation, and --leads at least 1")

    db = sqlite3.connect(args.database, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -1000000")
    if db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] != 0:
        sys.exit("generate.py: the database already has leads; start from an empty one")

    started = time.monotonic()
    def step(what):
        print(f"{time.monotonic() - started:8.1f} s  {what}", flush=True)

    db.execute("BEGIN")
    # The creation time and last contact are spread over about 115 days before 2026-12-01.
    base = 1_796_083_200_000
    pairs = [f"{first} {last}" for last in LAST for first in FIRST]
    names = ",".join(f"({i}, {quoted(name)}, {quoted(fold(name))})" for i, name in enumerate(pairs))
    db.execute(f"""
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?),
        names(k, name, folded) AS (VALUES {names})
        INSERT INTO leads (name, phone, phone_key, email, source, campaign_id, status, last_contact_at,
                           created_at, updated_at, search_text, phone_digits)
        SELECT names.name, '+5255' || printf('%08d', i), '+5255' || printf('%08d', i), 'lead' || i || '@example.com',
               CASE i % 3 WHEN 0 THEN 'whatsapp' WHEN 1 THEN 'import' ELSE 'manual' END,
               NULL,
               CASE (i / 3) % 5 WHEN 0 THEN 'new' WHEN 1 THEN 'contacted' WHEN 2 THEN 'qualified'
                                WHEN 3 THEN 'converted' ELSE 'lost' END,
               CASE WHEN i % 5 = 0 THEN NULL ELSE ? - (i * 7919) % 10000000000 END, ? - i * 1000, ? - i * 1000,
               names.folded || 'lead' || i || ' example com ', '5255' || printf('%08d', i)
        FROM n JOIN names ON names.k = i % {len(FIRST) * len(LAST)} ORDER BY i""",
               (args.leads, base, base, base))
    step(f"{args.leads} leads")

    db.execute("""INSERT INTO conversations (lead_id, channel, status, provider_address, created_at, updated_at,
                                             last_message_at)
                  SELECT id, 'whatsapp', 'active', substr(phone, 2), created_at, created_at, created_at FROM leads""")
    step("one conversation per lead")

    sentences = ",".join(f"({i}, {quoted(text)}, {quoted(fold(text))})" for i, text in enumerate(SENTENCES))
    spread = args.messages - args.long_conversation
    # Message j (from 0) of the spread goes to lead (j * 7 + j / leads) % leads, so every
    # lead gets about the same number and neighbours do not share a conversation's order.
    db.execute(f"""
        WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM n WHERE j + 1 < ?),
        sentences(k, text, folded) AS (VALUES {sentences})
        INSERT INTO messages (conversation_id, sender, content_type, content, metadata, created_at, search_text)
        SELECT CASE WHEN j < ? THEN 1 ELSE 1 + (j * 7 + j / ?) % ? END,
               CASE j % 2 WHEN 0 THEN 'lead' ELSE 'ai' END, 'text',
               sentences.text || CASE WHEN j % 50000 = 25000 THEN ' zafiro' ELSE '' END, '{{}}', ? + j,
               CASE WHEN j % 50000 = 25000 THEN sentences.folded || 'zafiro ' ELSE sentences.folded END
        FROM n JOIN sentences ON sentences.k = (j * 13) % {len(SENTENCES)}""",
               (args.messages, args.long_conversation, args.leads, args.leads, base - 10_000_000_000))
    step(f"{args.messages} messages")
    db.execute("COMMIT")

    db.execute("BEGIN")
    db.execute("UPDATE conversations SET last_message_at = (SELECT MAX(created_at) FROM messages m "
               "WHERE m.conversation_id = conversations.id), last_lead_message_id = COALESCE((SELECT MAX(id) "
               "FROM messages m WHERE m.conversation_id = conversations.id AND m.sender = 'lead'), 0)")
    db.execute("COMMIT")
    step("conversation activity")

    db.execute("BEGIN")
    for statement in POPULATE:
        db.execute(statement, (0,))
    db.execute("COMMIT")
    step("search index filled")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    step("done")

# SearchIndex::populate's SQLite statements (app/storage/SearchIndex.cpp), unchanged.
POPULATE = [
    """WITH RECURSIVE split(lead_id, word, rest) AS (
        SELECT id, '', trim(search_text) || ' ' FROM leads WHERE id >= ?
        UNION ALL
        SELECT lead_id, substr(rest, 1, instr(rest, ' ') - 1), ltrim(substr(rest, instr(rest, ' ') + 1))
        FROM split WHERE rest <> '')
    INSERT INTO search_terms (term, lead_id, origin)
    SELECT substr(word, 1, 64), lead_id, 0 FROM split WHERE word <> '' ON CONFLICT DO NOTHING""",
    """WITH RECURSIVE suffix(lead_id, digits) AS (
        SELECT id, phone_digits FROM leads WHERE id >= ? AND length(phone_digits) >= 4
        UNION ALL
        SELECT lead_id, substr(digits, 2) FROM suffix WHERE length(digits) > 4)
    INSERT INTO search_terms (term, lead_id, origin)
    SELECT digits, lead_id, 1 FROM suffix WHERE true ON CONFLICT DO NOTHING""",
    """WITH RECURSIVE split(lead_id, word, rest) AS (
        SELECT c.lead_id, '', trim(m.search_text) || ' '
        FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.lead_id >= ?
        UNION ALL
        SELECT lead_id, substr(rest, 1, instr(rest, ' ') - 1), ltrim(substr(rest, instr(rest, ' ') + 1))
        FROM split WHERE rest <> '')
    INSERT INTO search_terms (term, lead_id, origin)
    SELECT substr(word, 1, 64), lead_id, 2 FROM split WHERE word <> '' ON CONFLICT DO NOTHING""",
]

if __name__ == "__main__":
    main()
