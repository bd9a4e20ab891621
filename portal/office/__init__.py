"""The office's tool (Helsetilbud, INFOMELDINGER) at /_sim/kontor: the services
on or off, the messages and the absences, as the GP office sets them."""
