"""The benchmark's parts: namespaces (ns), the receivers (receivers), one
measured case (case), the raw limits (limits) and the report (report)."""
